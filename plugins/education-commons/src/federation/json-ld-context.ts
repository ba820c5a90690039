/**
 * Our JSON-LD context, served at `/education-commons/ns/v1.jsonld`. Every term maps to schema.org,
 * where LRMI's properties live (LRMI 1.1 was adopted into schema.org), so a JSON-LD processor reads a
 * resource as a schema.org LearningResource description on top of ActivityStreams:
 *
 *   license              schema:license (an SPDX licence URL)
 *   inLanguage           schema:inLanguage (a BCP 47 tag)
 *   educationalLevel     schema:educationalLevel (a DefinedTerm from ISCED 2011)
 *   about                schema:about (DefinedTerms from ISCED-F 2013)
 *   learningResourceType schema:learningResourceType (a DefinedTerm from the LRMI vocabulary)
 *   teaches              schema:teaches (learning outcomes, as text)
 *   isBasedOn            schema:isBasedOn (the resource this one was derived from: remix lineage)
 *   isPartOf             schema:isPartOf (the collection, a Group actor)
 *   creditText           schema:creditText (the author to credit, when not the poster)
 *   sameAs               schema:sameAs (the original location of the resource)
 *
 * Terms ActivityStreams already defines (name, summary, url, mediaType) keep their AS meaning. The
 * context is versioned in its path: a change of meaning gets a new path, never an edit of this one.
 */
export const COMMONS_CONTEXT_DOCUMENT = {
  '@context': {
    schema: 'http://schema.org/',
    license: { '@id': 'schema:license', '@type': '@id' },
    inLanguage: 'schema:inLanguage',
    educationalLevel: 'schema:educationalLevel',
    about: 'schema:about',
    learningResourceType: 'schema:learningResourceType',
    teaches: 'schema:teaches',
    isBasedOn: { '@id': 'schema:isBasedOn', '@type': '@id' },
    isPartOf: { '@id': 'schema:isPartOf', '@type': '@id' },
    creditText: 'schema:creditText',
    sameAs: { '@id': 'schema:sameAs', '@type': '@id' },
    DefinedTerm: 'schema:DefinedTerm',
    termCode: 'schema:termCode',
    inDefinedTermSet: { '@id': 'schema:inDefinedTermSet', '@type': '@id' },
  },
} as const;

/** Terms whose presence marks an object as an educational resource (when its @context is not ours). */
export const EDUCATIONAL_TERMS = ['license', 'educationalLevel', 'learningResourceType', 'teaches', 'isBasedOn'] as const;

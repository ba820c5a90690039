/**
 * Learning resource types: the LRMI Learning Resource Type Vocabulary (DCMI, 2022-04-05,
 * http://purl.org/dcx/lrmi-vocabs/learningResourceType/), its ten top-level concepts. Resources carry
 * the concept's local name (`lessonPlan`); federation sends the full concept IRI with its label.
 */
export interface LearningResourceType {
  code: string;
  name: string;
  iri: string;
}

export const LRMI_RESOURCE_TYPES_SCHEME = 'http://purl.org/dcx/lrmi-vocabs/learningResourceType/';

const entries: Array<[code: string, name: string]> = [
  ['activityPlan', 'Activity Plan'],
  ['assessment', 'Assessment'],
  ['assessmentItem', 'Assessment Item'],
  ['educatorCurriculumGuide', 'Educator Curriculum Guide'],
  ['lessonPlan', 'Lesson Plan'],
  ['physicalLearningResource', 'Physical Learning Resource'],
  ['recordedLesson', 'Recorded Lesson'],
  ['supportingDocument', 'Supporting Document'],
  ['textbook', 'Textbook'],
  ['unitPlan', 'Unit Plan'],
];

export const LEARNING_RESOURCE_TYPES: readonly LearningResourceType[] = entries.map(([code, name]) => ({
  code,
  name,
  iri: `${LRMI_RESOURCE_TYPES_SCHEME}${code}`,
}));

const byLowerCode = new Map(LEARNING_RESOURCE_TYPES.map((type) => [type.code.toLowerCase(), type]));

/** By local name in any case, or by full concept IRI. */
export function findResourceType(codeOrIri: string): LearningResourceType | undefined {
  const text = codeOrIri.trim();
  const local = text.startsWith(LRMI_RESOURCE_TYPES_SCHEME) ? text.slice(LRMI_RESOURCE_TYPES_SCHEME.length) : text;
  return byLowerCode.get(local.toLowerCase());
}

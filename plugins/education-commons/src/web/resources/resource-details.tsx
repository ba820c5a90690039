import { useT, usePage } from '@commonplace/sdk/web';
import { licenceMeaningKey } from './licence-meaning.js';
import { resourcePath, type ResourceView } from './resource-query.js';
import { languageName, levelName, typeName } from './vocabulary-options.js';

/** The resource's educational metadata: licence with what it allows, language, level, subject, type, credit. */
export function ResourceDetails({ resource }: { resource: ResourceView }) {
  const { t, locale } = usePage();
  const rows: Array<[label: string, value: React.ReactNode]> = [];
  if (resource.licence) {
    rows.push([
      t('education-commons.resource.licence'),
      <>
        <a rel="license" href={resource.licence.url}>
          {resource.licence.name}
        </a>{' '}
        <span className="muted">({resource.licence.id})</span>
        <br />
        <span className="resource-licence__meaning">{t(licenceMeaningKey(resource.licence.id))}</span>
      </>,
    ]);
  }
  if (resource.language) rows.push([t('education-commons.resource.language'), languageName(resource.language, locale)]);
  if (resource.level) rows.push([t('education-commons.resource.level'), levelName(t, resource.level.code)]);
  if (resource.subject) rows.push([t('education-commons.resource.subject'), `${resource.subject.name} (${resource.subject.code})`]);
  if (resource.type) rows.push([t('education-commons.resource.type'), typeName(t, resource.type.code)]);
  if (resource.author) rows.push([t('education-commons.resource.author'), resource.author]);
  return (
    <dl className="resource-details">
      {rows.map(([label, value]) => (
        <div key={label} className="resource-details__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Where it came from and what was made from it: shown on both ends of the lineage. */
export function Lineage({ resource }: { resource: ResourceView }) {
  const t = useT();
  const derivatives = resource.derivatives.nodes.filter((node) => !node.deleted);
  const origin = resource.derivedFrom && !resource.derivedFrom.deleted ? resource.derivedFrom : null;
  if (!origin && !resource.derivedFromUri && derivatives.length === 0) return null;
  return (
    <section className="stack stack--tight" aria-labelledby="lineage-title">
      <h2 id="lineage-title">{t('education-commons.resource.lineage')}</h2>
      {origin ? (
        <p>
          {t('education-commons.resource.derivedFrom')} <a href={resourcePath(origin.id)}>{origin.name}</a>
        </p>
      ) : resource.derivedFromUri ? (
        <p>
          {t('education-commons.resource.derivedFrom')} <a href={resource.derivedFromUri}>{resource.derivedFromUri}</a>
        </p>
      ) : null}
      {derivatives.length > 0 ? (
        <>
          <p>{t('education-commons.resource.derivatives')}</p>
          <ul>
            {derivatives.map((node) => (
              <li key={node.id}>
                <a href={resourcePath(node.id)}>{node.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

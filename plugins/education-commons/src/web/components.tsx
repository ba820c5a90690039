import type { ReactNode } from 'react';
import { FormattedDate, useT } from '@commonplace/sdk/web';
import { commonsPaths } from './paths.js';

/** What a list of communities shows of each. */
export interface CommunityCardData {
  id: string;
  username: string;
  name: string;
  summary: string | null;
  iconUrl: string | null;
}

export const COMMUNITY_CARD_FIELDS = 'id username name summary iconUrl';

export interface ResourceItemData {
  id: string;
  name: string;
  summary: string | null;
  createdAt: string;
  originHost: string | null;
  subject: { code: string; name: string } | null;
  licence: { id: string } | null;
}

export const RESOURCE_ITEM_FIELDS = 'id name summary createdAt originHost subject { code name } licence { id }';

export interface CollectionItemData {
  id: string;
  username: string;
  name: string;
  summary: string | null;
}

export const COLLECTION_ITEM_FIELDS = 'id username name summary';

/** A section of a page with its heading (h2), labelled by it for the landmarks list. */
export function Section({ id, title, children, action }: { id: string; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="stack" aria-labelledby={id}>
      <div className="cluster">
        <h2 id={id}>{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

/** A community's icon, or its initial when it has none (decorative: the name is next to it). */
export function CommunityIcon({ community, size = 48 }: { community: Pick<CommunityCardData, 'name' | 'iconUrl'>; size?: number }) {
  const className = size > 48 ? 'commons-icon commons-icon--large' : 'commons-icon';
  if (community.iconUrl) return <img className={className} src={community.iconUrl} alt="" width={size} height={size} />;
  return (
    <span className={`${className} commons-icon--empty`} aria-hidden="true">
      {community.name.slice(0, 1).toUpperCase()}
    </span>
  );
}

export function CommunityList({ communities, empty }: { communities: readonly CommunityCardData[]; empty: string }) {
  if (communities.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="commons-list">
      {communities.map((community) => (
        <li key={community.id} className="commons-card">
          <CommunityIcon community={community} />
          <div className="stack stack--tight">
            <a className="commons-card__title" href={commonsPaths.community(community.username)}>
              {community.name}
            </a>
            {community.summary ? <p className="muted">{community.summary}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function CollectionList({ collections, empty }: { collections: readonly CollectionItemData[]; empty: string }) {
  if (collections.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="commons-list">
      {collections.map((collection) => (
        <li key={collection.id} className="commons-card">
          <div className="stack stack--tight">
            <a className="commons-card__title" href={commonsPaths.collection(collection.username)}>
              {collection.name}
            </a>
            {collection.summary ? <p className="muted">{collection.summary}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Resources, newest first: name (to its page), subject (to the subject's page), licence, when, and from which peer. */
export function ResourceList({ resources, empty }: { resources: readonly ResourceItemData[]; empty: string }) {
  const t = useT();
  if (resources.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="commons-list">
      {resources.map((resource) => (
        <li key={resource.id} className="commons-card">
          <div className="stack stack--tight">
            <a className="commons-card__title" href={commonsPaths.resource(resource.id)}>
              {resource.name}
            </a>
            {resource.summary ? <p>{resource.summary}</p> : null}
            <p className="muted cluster">
              {resource.subject ? <a href={commonsPaths.subject(resource.subject.code)}>{subjectName(t, resource.subject)}</a> : null}
              {resource.licence ? <span>{resource.licence.id}</span> : null}
              <FormattedDate value={resource.createdAt} />
              {resource.originHost ? <span>{t('education-commons.common.fromPeer', { host: resource.originHost })}</span> : null}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/**
 * A subject's name in the page's language: the eleven broad fields are in the catalogues; a narrower
 * field keeps the classification's English name (translating ISCED-F's 100-odd fields is left to do).
 */
export function subjectName(t: (key: string) => string, subject: { code: string; name: string }): string {
  return subject.code.length === 2 ? t(`education-commons.subject.${subject.code}`) : subject.name;
}

/** Subjects as a row of links to their pages. */
export function SubjectLinks({ subjects }: { subjects: readonly { code: string; name: string }[] }) {
  const t = useT();
  return (
    <ul className="inline-list">
      {subjects.map((subject) => (
        <li key={subject.code}>
          <a href={commonsPaths.subject(subject.code)}>{subjectName(t, subject)}</a>
        </li>
      ))}
    </ul>
  );
}

/** "More" after a first page, to the next one (cursor paging, readable without JavaScript). */
export function NextPageLink({ pageInfo, href }: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; href: (cursor: string) => string }) {
  const t = useT();
  if (!pageInfo.hasNextPage || !pageInfo.endCursor) return null;
  return (
    <p>
      <a href={href(pageInfo.endCursor)} rel="next">
        {t('education-commons.common.nextPage')}
      </a>
    </p>
  );
}

import type { EducationCommonsServices } from './services.js';

/**
 * Demo content for `commonplace seed-demo`: a community with a collection and two resources, made by
 * the demo's admin (core's demo seed makes `admin` before plugins seed). Skipped when there is
 * already a community, so it is safe to run twice.
 */
export async function seedDemo(services: EducationCommonsServices): Promise<void> {
  const existing = await services.db.selectFrom('education_commons_communities').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  // The demo seed names its admin `admin`; without one there is nobody to own the demo community.
  const admin = await services.actors.byUsername('admin');
  if (!admin?.accountId) return;
  const viewer = { accountId: admin.accountId, actorId: admin.id, username: admin.username, roles: ['admin'] as const, sessionId: 'seed-demo' };
  const community = await services.educationCommunities.create(viewer, {
    name: 'Open Programming Educators',
    summary: 'Teachers sharing material for learning to program.',
    language: 'en',
  });
  const collection = await services.educationCollections.create(viewer, { communityId: community.id, name: 'Python for beginners', summary: 'First steps.' });
  await services.educationResources.create(viewer, {
    collectionId: collection.id,
    name: 'Think Python, 2nd edition',
    url: 'https://greenteapress.com/wp/think-python-2e/',
    licence: 'CC-BY-NC-3.0',
    language: 'en',
    level: '3',
    subject: '0613',
    type: 'textbook',
    learningOutcomes: ['Write and run small Python programs'],
    author: 'Allen B. Downey',
  });
  await services.educationResources.create(viewer, {
    collectionId: collection.id,
    name: 'Python tutorial',
    url: 'https://docs.python.org/3/tutorial/',
    licence: 'CC0-1.0',
    language: 'en',
    level: '4',
    subject: '0613',
    type: 'supportingDocument',
  });
}

/** The controlled vocabularies resources are described with, each a small data module naming its source. */
export * from './licences.js';
export * from './languages.js';
export * from './levels.js';
export * from './subjects.js';
export * from './resource-types.js';
export * from './validate.js';

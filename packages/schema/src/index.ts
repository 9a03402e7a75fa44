export * from './primitives.js';
export * from './site-config.js';
export * from './consent.js';
export * from './api-error.js';
export * from './admin.js';
export * from './rights-request.js';
export * from './notice.js';

import { en } from './en.js';

/** The name of one visible text of the SDK. */
export type MessageKey = keyof typeof en;

/** Every visible text of the SDK in one language. */
export type Messages = Record<MessageKey, string>;

/** Every message key, in the reference catalogue's order. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

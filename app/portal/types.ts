import type { User as AppUser } from '../users/users.repository.ts';

export interface Flash {
  type: 'success' | 'error' | 'info';
  message: string;
}

/** A key being added: its credentials are on the page, and only a seal of them is kept in the session. */
export interface IntegrationDraft {
  ugId: number;
  seal: string;
  createdAt: number;
}

/** A one-time result waiting for its page, encrypted under a key only the browser holds (app/portal/one-time.ts). */
export interface SealedResult {
  iv: string;
  tag: string;
  sealed: string;
  expiresAt: number;
  /** What the form that made it confirmed (e.g. the time of the secret it renewed), for a second sending of that form. */
  origin?: string;
  /** When its page showed it: after that only a second sending of the form finds it, for a few seconds. */
  takenAt?: number;
}

declare module 'express-session' {
  interface SessionData {
    flash?: Flash;
    integrationDrafts?: Record<string, IntegrationDraft>;
    /** By the path of the page that shows it. */
    oneTime?: Record<string, SealedResult>;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // The signed-in user passport puts on req.user.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends AppUser {}
  }
}

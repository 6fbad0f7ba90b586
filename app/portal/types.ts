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

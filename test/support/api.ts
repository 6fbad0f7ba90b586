import type { Express } from 'express';
import request from 'supertest';

/** A request under /api with a bearer token. */
export function apiCall(app: Express, token: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) {
  return request(app)[method](`/api${path}`).set('Authorization', `Bearer ${token}`);
}

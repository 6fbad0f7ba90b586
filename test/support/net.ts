// One free-port helper for the tests and the bench, kept with the bench so that it imports no test code.
export { freePort } from '../../bench/net.ts';

/** reqpath's version, as package.json states it (test/version.test.ts keeps the two equal). Jobs on Redis carry it. */
export const VERSION = '0.1.0';

// The tdd interface of mocha, as the suite uses it (mocha itself ships no type declarations).
declare function suite(title: string, fn: (this: { timeout(ms: number): void }) => void): void;
declare function suiteSetup(fn: () => Promise<void> | void): void;
declare function test(title: string, fn: (this: { skip(): never; timeout(ms: number): void }) => Promise<void> | void): void;
declare function teardown(fn: () => Promise<void> | void): void;

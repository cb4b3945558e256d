// The renderer runs without Node. These declarations make that a type error in both
// directions: using `process` or `Buffer` here fails (they are `never`), and if @types/node
// ever enters the web type-check (a renderer file importing a core module), it clashes
// with them and the check fails.
declare var process: never; // eslint-disable-line no-var
declare var Buffer: never; // eslint-disable-line no-var

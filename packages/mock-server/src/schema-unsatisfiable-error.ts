/**
 * No value the mock built satisfies the schema: it contradicts itself (a `false` schema, `not: {}`, a required
 * property that is `false`, `minItems` over `maxItems`), or asks for values the mock does not try or build (more
 * distinct `uniqueItems` than it finds, `oneOf` branches that every value it tries matches twice, a `pattern`
 * with a backreference).
 */
export class SchemaUnsatisfiableError extends RangeError {
  /** `reason`: what was found, e.g. `the value it built breaks "maximum" at /count`. */
  constructor(reason?: string) {
    super(
      `no value the mock builds satisfies it${reason === undefined ? '' : ` (${reason})`}: it contradicts itself (a false schema, "not": {}, ` +
        'a required property that is false, bounds that exclude each other), or needs values the mock does not try or build (oneOf ' +
        'branches that overlap on every value it tries, more uniqueItems than it finds, a pattern with a backreference); make the ' +
        'schema satisfiable, or its branches exclusive (e.g. with a const)',
    );
    this.name = 'SchemaUnsatisfiableError';
  }
}

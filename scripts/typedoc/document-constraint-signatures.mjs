// @ts-check
// A TypeDoc plugin for the API reference (`pnpm docs`). A constructor type in a type parameter's
// constraint, such as `T extends abstract new (...args: never[]) => GroqError` in `GroqError.isInstance`,
// becomes a signature of its own that TypeScript syntax gives no place to comment, so the `notDocumented`
// validation would always flag it (once per error class). Its documentation is the type parameter's
// `@typeParam`, so the signature takes that; with no `@typeParam`, the warning stays.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const signature of context.project.getReflectionsByKind(ReflectionKind.ConstructorSignature)) {
      const typeParameter = signature.parent?.parent;
      if (signature.comment || !typeParameter?.kindOf(ReflectionKind.TypeParameter) || !typeParameter.comment) continue;
      signature.comment = typeParameter.comment.clone();
    }
  });
}

import ts from 'typescript';

/**
 * What a script still imports: the specifiers of its import and re-export declarations and of its `import()`
 * calls, as written (quotes included). Parsed, not searched: a bundle's own strings may hold "from" and a quote
 * side by side (a message's words, cut by the minifier) without importing anything.
 */
export function moduleImports(code: string): string[] {
  const source = ts.createSourceFile('script.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) found.push(node.moduleSpecifier.getText(source));
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) found.push(node.arguments[0]?.getText(source) ?? '');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

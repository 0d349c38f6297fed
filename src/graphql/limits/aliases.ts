// Refuses documents with more aliases than a limit: an alias flood (`a1: me a2: me …`) asks for the
// same work thousands of times in one request, which no client needs.
import type { ASTVisitor, ValidationContext } from 'graphql';
import { limitError } from './limit-error.js';

export function aliasLimit(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias) count += 1;
      },
      Document: {
        leave() {
          if (count > maxAliases) {
            context.reportError(
              limitError('aliases', `The document uses ${count} aliases; the limit is ${maxAliases}`, maxAliases, count),
            );
          }
        },
      },
    };
  };
}

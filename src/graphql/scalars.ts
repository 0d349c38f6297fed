// Custom scalars: Decimal keeps money exact by travelling as a string end to end.
import { GraphQLScalarType, Kind } from 'graphql';
import { AppError } from '../errors.js';

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

function decimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.trim())) {
    throw new AppError('BAD_USER_INPUT', 'Decimal must be a number written as a string, e.g. "1250.00"');
  }
  return text.trim();
}

export const DecimalResolver = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string.',
  serialize: (v) => decimal(v),
  parseValue: (v) => decimal(v),
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return decimal(ast.value);
    throw new AppError('BAD_USER_INPUT', 'Decimal must be a string');
  },
});

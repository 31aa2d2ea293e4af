import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Characters a name must not hold: controls, format characters (zero-width, bidi overrides
 * and isolates), surrogates, private use, line/paragraph separators, and the other default-
 * ignorable (invisible) ones, but variation selectors, which emoji need (❤️).
 */
const HIDDEN =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]|(?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}])\p{Default_Ignorable_Code_Point}/u;
/** Something a reader sees: not only spaces and combining marks. */
const VISIBLE = /[^\p{White_Space}\p{M}]/u;

/** The form names are stored and compared in: NFKC (ｆｕｌｌ → full, ﬁ → fi), trimmed. */
export function normalizeDisplayText({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.normalize('NFKC').trim() : value;
}

/** Why the text cannot be a name people see, or null when it can. */
export function displayTextProblem(value: string): string | null {
  if (HIDDEN.test(value)) return 'must not contain control, invisible or bidirectional characters';
  if (!VISIBLE.test(value)) return 'must contain a visible character';
  return null;
}

/** class-validator: a name shown to others (see displayTextProblem); 400 names the field. */
export function IsDisplayText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDisplayText',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !displayTextProblem(value),
        defaultMessage: (args) =>
          `${args?.property} ${displayTextProblem(String(args?.value)) ?? 'is invalid'}`,
      },
    });
}

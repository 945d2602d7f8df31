import { type FieldError, Invalid } from '../../errors.js';

/** Every problem found at once, as one 422: the message lists them, `errors` says where each is. */
export const fail = (errors: FieldError[]) => {
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
};

/** Ids and seqs are 32-bit integer columns: no cursor or id may name more. */
export const MAX_INT32 = 2 ** 31 - 1;

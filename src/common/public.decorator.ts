import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'fadmann:public';

/** Marks a route that needs no access token (login, refresh, health, …). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

import { PartialType, PickType } from '@nestjs/swagger';

import type { UpdateRoom } from '../../contract/rooms.js';
import { CreateRoomDto } from './create-room.dto.js';

/** `PATCH /api/rooms/{id}`: the name and description, with the rules of creation. */
export class UpdateRoomDto
  extends PartialType(PickType(CreateRoomDto, ['name', 'description'] as const))
  implements UpdateRoom {}

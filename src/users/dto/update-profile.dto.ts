import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDisplayText, normalizeDisplayText } from '../../common/display-text.js';
import { IsString, IsUrl, Length, MaxLength, ValidateIf } from 'class-validator';

/** Absent means "unchanged"; null is refused with 400 (IsOptional would let it through). */
const unlessAbsent = ValidateIf((_, value) => value !== undefined);

export class UpdateProfileDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 64,
    example: 'Ana Lima',
    description: 'Stored in NFKC form, trimmed; no control, invisible or bidirectional characters',
  })
  @Transform(normalizeDisplayText)
  @unlessAbsent
  @IsString()
  @Length(1, 64)
  @IsDisplayText()
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @unlessAbsent
  @IsString()
  @MaxLength(500)
  bio?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2048,
    description: 'An http or https URL, or null to remove it',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  avatarUrl?: string | null;
}

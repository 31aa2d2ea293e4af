import { ApiProperty } from '@nestjs/swagger';

/** Nest's error shape, as every refusal is answered. */
export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['content must be shorter than or equal to 4000 characters'],
    description: 'What was wrong; validation errors name the offending field(s)',
  })
  message: string | string[];

  @ApiProperty({ example: 'Bad Request' })
  error: string;
}

import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPartialContentResponse,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { Request, Response } from 'express';

import type { AuthUser } from '../common/auth-user.js';
import { CurrentUser } from '../common/current-user.decorator.js';
import { ErrorResponse } from '../common/error.response.js';
import { Public } from '../common/public.decorator.js';
import type { Attachment } from '../contract/messages.js';
import { AttachmentResponse } from './dto/attachment.response.js';
import { UploadForm } from './dto/upload.dto.js';
import { UploadVariant } from './upload-urls.js';
import { UploadsService } from './uploads.service.js';

const VARIANTS: readonly string[] = ['content', 'thumbnail'] satisfies UploadVariant[];

@ApiTags('uploads')
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Upload one file (multipart/form-data), to attach to a message with attachmentIds',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadForm })
  @ApiCreatedResponse({ type: AttachmentResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'No file, or a bad field (named)' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'Over UPLOAD_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({
    type: ErrorResponse,
    description:
      'The bytes are not the image, audio or video the name or type claims, or an image over 50 megapixels',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'Past UPLOAD_RATE' })
  upload(@CurrentUser() user: AuthUser, @Req() request: Request): Promise<Attachment> {
    return this.uploads.upload(user, request);
  }

  @Public()
  @Get(':id/:variant')
  @ApiOperation({
    summary: "An upload's bytes, by the signed URL a message or the upload answered",
    description:
      'Range requests, ETag, long cache. `inline` only for images, audio and video. ' +
      'A missing, tampered or expired signature is 404.',
  })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiParam({ name: 'variant', enum: ['content', 'thumbnail'] })
  @ApiQuery({ name: 'expires', schema: { type: 'integer' }, description: 'Unix seconds' })
  @ApiQuery({ name: 'signature', schema: { type: 'string' } })
  @ApiOkResponse({ description: 'The bytes, typed as found from them' })
  @ApiPartialContentResponse({ description: 'The range asked for (`Range: bytes=…`)' })
  @ApiNotFoundResponse({
    type: ErrorResponse,
    description: 'No such file, or a missing, tampered or expired signature',
  })
  async serve(
    @Param('id') id: string,
    @Param('variant') variant: string,
    @Query('expires') expires: unknown,
    @Query('signature') signature: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const served = await this.uploads.serve(
      /^[1-9]\d{0,9}$/.test(id) ? Number(id) : 0,
      (VARIANTS.includes(variant) ? variant : '') as UploadVariant,
      expires,
      signature,
    );
    response.setHeader('Content-Type', served.mimeType);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // Whatever the bytes are, they run no script and reach nothing of this origin.
    response.setHeader('Content-Security-Policy', 'sandbox');
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    response.setHeader(
      'Content-Disposition',
      contentDisposition(served.name, { type: served.inline ? 'inline' : 'attachment' }),
    );
    response.setHeader('ETag', `"${served.sha256}"`);
    response.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    // send answers Range (206, 416) and If-None-Match (304) from these headers.
    response.sendFile(
      served.path,
      { etag: false, lastModified: false, cacheControl: false, dotfiles: 'allow' },
      (error?: Error & { status?: number }) => {
        if (!error || response.headersSent) return;
        response.removeHeader('Content-Disposition');
        if (error.status === 416) {
          // send has set Content-Range: bytes */size.
          response.status(416).end();
          return;
        }
        response.status(404).json({ statusCode: 404, message: 'No such file', error: 'Not Found' });
      },
    );
  }
}

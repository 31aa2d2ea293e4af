import { Module } from '@nestjs/common';

import { LocalDiskStorage, Storage } from './storage.js';
import { UploadFiles } from './upload-files.js';
import { UploadJanitor } from './upload-janitor.js';
import { UploadRepository } from './upload-repository.js';
import { UploadUrls } from './upload-urls.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

/** Files, images and voice messages: received, judged by their bytes, kept, served by signed URL. */
@Module({
  controllers: [UploadsController],
  providers: [
    { provide: Storage, useClass: LocalDiskStorage },
    UploadFiles,
    UploadJanitor,
    UploadRepository,
    UploadUrls,
    UploadsService,
  ],
  exports: [UploadFiles, UploadRepository, UploadUrls],
})
export class UploadsModule {}

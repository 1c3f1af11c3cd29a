/** The S3 client of a target. */
export * from './s3Client';

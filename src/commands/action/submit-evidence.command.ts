import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Submit evidence that an action is done, for the sign-off role to review. */
export class SubmitEvidenceInput extends ActionInput {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  evidenceId?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.evidenceTitle)
  title!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  description?: string;

  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be the SHA-256 of the file as 64 lower-case hex characters' })
  fileHash?: string;

  /** Set by the upload endpoint from the file it stored; refused from a JSON body. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.fileName)
  fileName?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  fileSize?: number;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.mediaType)
  mediaType?: string;
}

export class SubmitEvidenceCommand extends DecidedCommand {}

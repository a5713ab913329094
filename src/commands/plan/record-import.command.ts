import { IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';

/** That a plan file is imported into the plan: the file's name, its SHA-256 and how many rows it holds. */
export class RecordImportInput extends PlanInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.fileName)
  file!: string;

  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be the SHA-256 of the file, 64 lower-case hexadecimal characters' })
  sha256!: string;

  @IsInt()
  @Min(0)
  rows!: number;
}

export class RecordImportCommand extends DecidedCommand {}

import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../domain/limits';

/** The bodies the account endpoints take; unknown fields are refused (validatedInput). */
export class NewUserInput {
  @IsString()
  @MaxLength(LIMITS.userId)
  id!: string;

  @IsString()
  @MaxLength(20)
  role!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.password)
  password?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  plans?: string[];
}

export class ReasonInput {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class RoleInput {
  @IsString()
  @MaxLength(20)
  role!: string;
}

export class PasswordInput {
  @IsString()
  @MaxLength(LIMITS.password)
  password!: string;
}

export class TokenNameInput {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

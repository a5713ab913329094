/**
 * The DDL that makes one PostgreSQL table append-only: statement-level triggers refusing every UPDATE,
 * DELETE and TRUNCATE, even one that would touch no row, even from the owner (who can still disable
 * them: hence the servers' own role, see appendOnlyRoleGrants). One definition for the log, its
 * checkpoints and the access log, so the three cannot drift apart.
 *
 * @param s the schema, already quoted; @param table the table's bare name; @param refusal the message,
 * whose `%` becomes the refused operation; @param updateDeleteTrigger the trigger's name where an
 * existing schema already has it under another (CREATE OR REPLACE must find it, not add a second).
 */
export function appendOnlyTriggers(s: string, table: string, refusal: string, updateDeleteTrigger = `${table}_refuse_update_delete`): string {
  return `
CREATE OR REPLACE FUNCTION ${s}.${table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '${refusal}', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE TRIGGER ${updateDeleteTrigger}
  BEFORE UPDATE OR DELETE ON ${s}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${s}.${table}_refuse_change();

CREATE OR REPLACE TRIGGER ${table}_refuse_truncate
  BEFORE TRUNCATE ON ${s}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${s}.${table}_refuse_change();
`;
}

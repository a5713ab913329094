#!/usr/bin/env node
/*
 * verify-export — check a plan-audit export, or a proof, without trusting the server
 * that made it. The verifier is the folder tools/verify-export/ (Node's standard
 * library only; start reading at main.js); this file keeps the command
 * `node tools/verify-export.js <export.jsonl | proof.json> [--public-key key.pem]... [--json]` working.
 */
'use strict';

require('./verify-export/main.js');

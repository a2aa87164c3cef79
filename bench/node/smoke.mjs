// A JavaScript action doing what `bosun smoke-check --url U...` does: read inputs, GET each URL, set an output.
import * as core from '@actions/core';
const urls = (process.env['INPUT_URL'] || '').split('\n').map(s => s.trim()).filter(Boolean);
const results = await Promise.all(urls.map(async u => { const r = await fetch(u); await r.text(); return r.status; }));
if (results.some(s => s !== 200)) core.setFailed('a check failed');
core.setOutput('passed', 'true');

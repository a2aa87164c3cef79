// The floor for `bosun --version`: node starting and loading @actions/core.
import * as core from '@actions/core';
console.log(typeof core.getInput === 'function' ? 'ok' : 'missing');

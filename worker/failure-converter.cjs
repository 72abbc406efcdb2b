/**
 * The failure converter every caseclock worker, workflow bundle and client loads (the SDK
 * `require()`s it by path, in Node and inside the workflow bundle, so it is plain CommonJS).
 * `encodeCommonAttributes` moves a failure's message and stack trace into an encoded payload,
 * which the payload codec encrypts: a refusal or activity error never sits in Temporal's
 * database as plain text, whatever it says.
 */
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

/**
 * The rehearsal ({@code dbflip demo}): a sandbox, the objects, a probe, flips there and back, the
 * checks and the reports. It stands above the sandbox and the flip, which know nothing of it.
 */
package io.dbflip.rehearsal;

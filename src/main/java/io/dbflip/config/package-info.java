/**
 * The config: the model records every part reads, the fields declared once ({@link io.dbflip.config.ConfigFields}),
 * and the loader that reads one file or an inventory of several and reports every error as FILE:LINE: FIELD.
 * No I/O beyond reading the files; secrets are references read only when a part needs them.
 */
package io.dbflip.config;

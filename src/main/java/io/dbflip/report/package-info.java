/**
 * Pictures of flips for people: the self-contained HTML report of one flip with its timeline (inline
 * SVG, no network), the history index and the fleet page. It only reads reports; it changes nothing.
 */
package io.dbflip.report;

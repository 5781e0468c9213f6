/**
 * Media messages: uploads whose type is decided from their bytes, images
 * re-encoded without their metadata and with a thumbnail, and files served
 * only to the tenant that uploaded them.
 */
package dev.parley.media;

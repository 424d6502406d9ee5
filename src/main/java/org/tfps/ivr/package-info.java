/**
 * The verify dialog (voice CAPTCHA and PIN): not built yet, issue 7. Until then a verify verdict is
 * answered like deny.
 */
package org.tfps.ivr;

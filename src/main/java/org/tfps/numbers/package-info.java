/** Dial strings to E.164 under a dial plan, and the country of a number, with libphonenumber. */
package org.tfps.numbers;

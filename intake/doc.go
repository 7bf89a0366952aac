// Package intake turns the bytes of a report into the normalised text the engine reads:
// UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5 are decoded, HTML pages
// give their visible text, full-width digits and signs are folded and traditional characters
// read as simplified ones. A file that is no text (binary, empty, undecodable) is an error.
package intake

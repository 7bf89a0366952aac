package intake

// The fixture helpers of intake_test.go, for the external tests of forms_test.go.
var (
	Seeds                   = intakeSeeds
	Encode                  = intakeEncode
	UTF16                   = intakeUTF16
	HTMLPage                = intakeHTMLPage
	SimplifiedToTraditional = intakeSimplifiedToTraditional
	ToTraditional           = intakeToTraditional
)

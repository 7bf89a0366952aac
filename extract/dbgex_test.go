package extract
import ("os";"testing";"path/filepath")
func TestDbgExplain(t *testing.T) {
	p := filepath.Join("testdata/real/reports", os.Getenv("F")+".txt")
	data, _ := os.ReadFile(p); side, _ := os.ReadFile(p+SidecarSuffix)
	defaultRules(t).Explain(os.Stdout, p, data, side, atoi(os.Getenv("L")))
}
func atoi(s string) int { n := 0; for _, c := range s { n = n*10 + int(c-'0') }; return n }

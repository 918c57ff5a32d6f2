package tui
import ("fmt";"testing";"os";"github.com/dualwrite/dualwrite/docs";"github.com/charmbracelet/x/ansi")
func TestZZTry(t *testing.T){
 p,_:=docs.Page(os.Getenv("PAGE")); for _,l:=range markdown(newStyles(true,false),p,76){fmt.Println(ansi.Strip(l))}
}

package tui

import "strings"

// codeClass is what a piece of code is, for its colour.
type codeClass uint8

const (
	codePlain codeClass = iota
	codeComment
	codeString
	codeKeyword
	codeNumber
)

// codeLang is just enough of a language to colour the pages' examples:
// comments, strings, keywords and numbers, one line at a time.
type codeLang struct {
	comment  string // the start of a comment to the end of the line
	quotes   string
	keywords string // space-separated, with a space at each end
	foldCase bool
	// commands colours the first word of a shell command as a keyword.
	commands bool
}

var (
	goLang = codeLang{comment: "//", quotes: "\"'`",
		keywords: " break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var nil true false "}
	shLang = codeLang{comment: "#", quotes: "\"'", commands: true,
		keywords: " if then else elif fi for while do done case esac in function export "}
	sqlLang = codeLang{comment: "--", quotes: "'\"", foldCase: true,
		keywords: " select insert into values update set delete from where and or not null is in create table index primary key references unique default begin commit rollback pragma on join left order by group limit as integer text real blob exists if drop trigger after before for each row when then end "}
)

// codeLanguage is the language of a fence's info word, or nil for text and
// anything else: shown in one colour.
func codeLanguage(info string) *codeLang {
	switch strings.ToLower(info) {
	case "go", "golang":
		return &goLang
	case "sh", "bash", "shell", "console", "zsh":
		return &shLang
	case "sql", "sqlite":
		return &sqlLang
	}
	return nil
}

func highlight(lang *codeLang, line string) []mdRun[codeClass] {
	if lang == nil {
		return []mdRun[codeClass]{{line, codePlain}}
	}
	var out []mdRun[codeClass]
	add := func(s string, c codeClass) {
		if n := len(out); n > 0 && out[n-1].key == c {
			out[n-1].text += s
		} else if s != "" {
			out = append(out, mdRun[codeClass]{s, c})
		}
	}
	command := lang.commands
	for i := 0; i < len(line); {
		ch := line[i]
		switch {
		case strings.HasPrefix(line[i:], lang.comment) && (lang.comment != "#" || i == 0 || line[i-1] == ' '):
			add(line[i:], codeComment)
			return out
		case strings.IndexByte(lang.quotes, ch) >= 0:
			j := closingQuote(line, i)
			add(line[i:j], codeString)
			i = j
		case isWordByte(ch, lang.commands):
			j := i
			for j < len(line) && (isWordByte(line[j], lang.commands) || line[j] >= '0' && line[j] <= '9') {
				j++
			}
			word := line[i:j]
			if lang.foldCase {
				word = strings.ToLower(word)
			}
			switch {
			case command || strings.Contains(lang.keywords, " "+word+" "):
				add(line[i:j], codeKeyword)
			default:
				add(line[i:j], codePlain)
			}
			command = false
			i = j
		case ch >= '0' && ch <= '9':
			j := i
			for j < len(line) && strings.IndexByte("0123456789abcdefABCDEFxX._", line[j]) >= 0 {
				j++
			}
			add(line[i:j], codeNumber)
			i = j
		default:
			if lang.commands && strings.IndexByte("|;&(", ch) >= 0 {
				command = true
			}
			add(line[i:i+1], codePlain)
			i++
		}
	}
	return out
}

// closingQuote is the index after the quote that closes the one at i, or the
// end of the line; a backslash escapes the next byte except in 'sh strings'
// and Go's raw `strings`, where the difference does not show.
func closingQuote(line string, i int) int {
	q := line[i]
	for j := i + 1; j < len(line); j++ {
		switch line[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		}
	}
	return len(line)
}

// isWordByte is a letter of an identifier, or for a shell of a word such as
// ./dualwrite or go-sqlite3.
func isWordByte(c byte, shell bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		return true
	case shell:
		return c == '.' || c == '/' || c == '-' || c == '$'
	}
	return false
}

package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// How often the page reloads while it is shown, so it follows changes made
// elsewhere (another session's upload, activation, a refusal) by itself:
// often while an upload waits for activation, less often otherwise. The
// ticks stop when the customer leaves the page.
const (
	musicRefresh     = 2 * time.Second
	musicIdleRefresh = 5 * time.Second
)

// musicPage is the Music page: what plays on hold and in the queue, with
// a waveform, uploads waiting, failed or refused, how to upload, and the
// way back to the default piece.
type musicPage struct {
	common  Common
	slots   []portal.MusicSlot
	loaded  bool
	err     error
	list    listNav // the selected slot: 0 hold, 1 queue
	confirm bool    // asking whether to revert the selected slot
	notice  string  // the outcome of the last revert
	busy    bool
	scroll  scrollBox
	// follow asks the next view to scroll the selected slot into sight:
	// after a list key moved the selection, or a new height.
	follow bool
	// gen numbers the page's showings: a tick of an earlier showing (the
	// app routes messages to the active page only, so it may come late)
	// is dropped, and ticking tells whether one of this showing is due.
	gen     int
	ticking bool
	// every is the refresh interval pair (waiting, idle); tests shorten it.
	every [2]time.Duration
}

var musicKeys = struct {
	Default, Refresh, Yes, No key.Binding
}{
	Default: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "default piece")),
	Refresh: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	Yes:     key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "revert")), // and the language's key: yesKey
	No:      key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep")),
}

// Messages of the page's store calls and its refresh.
type (
	musicLoadedMsg struct {
		slots []portal.MusicSlot
		err   error
	}
	musicTickMsg  struct{ gen int }
	musicResetMsg struct {
		kind    portal.MusicKind
		changed bool
		err     error
	}
)

func newMusicPage(c Common) *musicPage {
	return &musicPage{common: c, every: [2]time.Duration{musicRefresh, musicIdleRefresh}}
}

func (p *musicPage) Title() string { return p.common.T("page.music") }

// SetCommon takes the page's new size; a new height (the ? overlay opened
// or closed) keeps the selected slot on screen.
func (p *musicPage) SetCommon(c Common) {
	if c.Height != p.common.Height {
		p.follow = true
	}
	p.common = c
}

// Capturing is true while the revert question waits for y or n.
func (p *musicPage) Capturing() bool { return p.confirm }

// ShortHelp is the page's part of the help bar.
func (p *musicPage) ShortHelp() []key.Binding {
	if p.confirm {
		return []key.Binding{p.yesKey(), musicKeys.No}
	}
	// r comes last: the page refreshes by itself.
	keys := append([]key.Binding{listMoveHelp, musicKeys.Default}, p.scroll.keys()...)
	return append(keys, musicKeys.Refresh)
}

// FullHelp is every key of the page, each once: home and end belong to
// the list, as in every list of the portal; the text scrolls on pgup and
// pgdn.
func (p *musicPage) FullHelp() [][]key.Binding {
	if p.confirm {
		return [][]key.Binding{p.ShortHelp()}
	}
	return [][]key.Binding{
		{musicKeys.Default, musicKeys.Refresh},
		{listKeys.Up, listKeys.Down, listKeys.Top, listKeys.Bottom},
		{scrollKeys.Down, scrollKeys.Up},
	}
}

// Init loads the slots each time the page is shown.
func (p *musicPage) Init() tea.Cmd {
	p.gen++
	p.ticking, p.confirm = false, false
	return p.load()
}

func (p *musicPage) load() tea.Cmd {
	c := p.common
	return func() tea.Msg {
		slots, err := c.Svc.MusicStatus(c.Ctx, c.Account.ID)
		return musicLoadedMsg{slots: slots, err: c.explain(err, "load the music")}
	}
}

// tick schedules the next reload of this showing, unless one is due.
func (p *musicPage) tick() tea.Cmd {
	if p.ticking {
		return nil
	}
	p.ticking = true
	gen, every := p.gen, p.every[1]
	if p.waiting() {
		every = p.every[0]
	}
	return tea.Tick(every, func(time.Time) tea.Msg { return musicTickMsg{gen: gen} })
}

func (p *musicPage) waiting() bool {
	for _, sl := range p.slots {
		if sl.Busy() {
			return true
		}
	}
	return false
}

func (p *musicPage) Update(msg tea.Msg) (Page, tea.Cmd) {
	switch msg := msg.(type) {
	case musicLoadedMsg:
		p.loaded, p.err = true, msg.err
		if msg.err == nil {
			p.slots = msg.slots
			p.list.resize(len(p.slots))
			p.list.setHeight(len(p.slots))
		}
		return p, p.tick()
	case musicTickMsg:
		if msg.gen != p.gen {
			return p, nil
		}
		p.ticking = false
		return p, p.load()
	case musicResetMsg:
		p.busy = false
		switch {
		case msg.err != nil:
			p.notice = p.common.T("music.revert_failed") + " " + msg.err.Error()
		case msg.changed:
			p.notice = p.common.T("music.reverted", p.common.V().MusicLabel(msg.kind), p.common.T("term.default_piece"))
		default:
			p.notice = p.common.T("music.already_default", p.common.V().MusicLabel(msg.kind), p.common.T("term.default_piece"))
		}
		return p, p.load()
	case tea.KeyMsg:
		if p.busy {
			return p, nil
		}
		return p.key(msg)
	}
	return p, nil
}

// yesKey answers the revert question: the language's key (j, o, s) and
// y, which works in every language; the question names the former.
func (p *musicPage) yesKey() key.Binding {
	k := p.common.V().ConfirmKey()
	return key.NewBinding(key.WithKeys(append(musicKeys.Yes.Keys(), k, strings.ToUpper(k))...), key.WithHelp(k, musicKeys.Yes.Help().Desc))
}

func (p *musicPage) key(msg tea.KeyMsg) (Page, tea.Cmd) {
	if p.confirm {
		p.confirm = false
		if key.Matches(msg, p.yesKey()) && p.list.cursor < len(p.slots) {
			p.busy = true
			c, kind := p.common, p.slots[p.list.cursor].Kind
			return p, func() tea.Msg {
				changed, err := c.Svc.ResetMusic(c.Ctx, c.Account, kind, "")
				return musicResetMsg{kind: kind, changed: changed, err: c.explain(err, "go back to the default piece")}
			}
		}
		p.notice = p.common.T("state.nothing_changed")
		return p, nil
	}
	// pgup and pgdn scroll the text (two slots need no page keys); every
	// other list key moves between the slots, and the text follows.
	if key.Matches(msg, scrollKeys.Up, scrollKeys.Down) {
		p.scroll.update(msg)
		return p, nil
	}
	if p.list.update(msg, false) {
		p.follow = true
		return p, nil
	}
	switch {
	case key.Matches(msg, musicKeys.Refresh):
		p.notice = ""
		return p, p.load()
	case key.Matches(msg, musicKeys.Default):
		if p.list.cursor < len(p.slots) {
			// Nothing uploaded: say so rather than ask about nothing.
			text, ask := p.common.V().MusicResetQuestion(p.slots[p.list.cursor])
			p.confirm, p.notice = ask, ""
			if !ask {
				p.notice = text
			}
		}
	}
	return p, nil
}

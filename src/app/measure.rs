//! What the reducer must know of the drawn screen to scroll by what is drawn: how tall a
//! message is, how far a window's content scrolls. Only the views can say (they lay the text
//! out), so the views answer through this trait (`ui::VIEWS`) and the state holds it: `app`
//! never imports `ui`. The pane geometry itself is `layout`, below both.

use ratatui::layout::Rect;

use crate::domain::{Message, MessageId};

use super::modal::Confirm;
use super::state::{State, ThreadPane, UiOptions};

pub trait Measure: Sync {
    /// Lines of `message` in the thread at `width`: header, quote, text, attachments,
    /// reactions and the spacer; not the day separator.
    fn body_height(
        &self,
        thread: &ThreadPane,
        message: &Message,
        width: u16,
        options: &UiOptions,
    ) -> u16;

    /// 1 when `thread.messages[index]` starts a new day in the timezone, else 0.
    fn separator_height(&self, thread: &ThreadPane, index: usize, options: &UiOptions) -> u16;

    /// How far the help overlay scrolls on a terminal of `screen`.
    fn help_scroll_limit(&self, screen: Rect, state: &State) -> u16;

    /// How far a confirmation's content scrolls.
    fn confirm_scroll_limit(&self, screen: Rect, confirm: &Confirm, state: &State) -> u16;

    /// How far the reader of `message` scrolls, and the rows it shows at once.
    fn reader_scroll(&self, screen: Rect, state: &State, message: &MessageId) -> (u16, u16);

    /// How far the attendees window scrolls.
    fn attendees_scroll_limit(&self, screen: Rect, state: &State) -> u16;

    /// The first line under the header a message taller than the pane can be scrolled to;
    /// `None` when it fits. `rows` is the pane's (`layout::thread_rows`).
    fn tall_message_limit(
        &self,
        thread: &ThreadPane,
        message: &Message,
        width: u16,
        rows: u16,
        options: &UiOptions,
    ) -> Option<u16> {
        // The spacer after a message is not part of it.
        let own = self
            .body_height(thread, message, width, options)
            .saturating_sub(1);
        (own > rows && rows > 1).then(|| own - rows)
    }
}

package io.redrive.console.deadletters;

import io.redrive.console.DisabledTooltips;
import io.redrive.console.Styles;
import io.redrive.console.Words;
import io.redrive.engine.DeadLetter;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dead-letter table and its pager: the columns, the selection (kept across a page read again), the keys
 * (R replay, E edit, Delete purge, Ctrl+Left/Right previous/next page, F5 refresh) and the context menu. Binds the
 * nodes {@link DeadLettersView} was given by its FXML; the actions are the view's handlers.
 */
final class DeadLetterTable {
    private final DeadLettersView view;
    private final DeadLettersViewModel model;
    private final TableView<DeadLetter> table;
    /** Queue and id of the selected rows, so a page read again (after an edit, a refresh) selects the same ones. */
    private final Set<String> selectedKeys = new LinkedHashSet<>();
    /** True while the table's rows are being replaced: the selection changes it makes meanwhile are not the operator's. */
    private boolean replacingRows;

    DeadLetterTable(DeadLettersView view, DeadLettersViewModel model) {
        this.view = view;
        this.model = model;
        this.table = view.deadLetterTable;
    }

    void bind() {
        bindRows();
        bindPager();
    }

    private void bindRows() {
        // the table clears its selection when its rows are replaced: select the same dead letters again after it
        model.items().addListener((ListChangeListener<DeadLetter>) c -> replacingRows = true);  // runs before the table's listener
        table.setItems(model.items());
        model.items().addListener((ListChangeListener<DeadLetter>) c -> selectKeptRows());      // and this one after it
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        view.diedColumn.setCellValueFactory(c -> text(Words.dateTime(c.getValue().deadAt())));
        view.queueColumn.setCellValueFactory(c -> text(c.getValue().queue()));
        view.idColumn.setCellValueFactory(c -> text(c.getValue().id()));
        view.attemptsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().attempts()));
        view.replaysColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().replays()));
        view.errorColumn.setCellValueFactory(c -> text(c.getValue().lastError() == null ? "" : c.getValue().lastError().lines().findFirst().orElse("")));
        view.groupColumn.setCellValueFactory(c -> text(c.getValue().group() == null ? ""
                : c.getValue().group().substring(0, Math.min(10, c.getValue().group().length()))));
        view.idColumn.getStyleClass().add(Styles.MONO);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<DeadLetter>) c -> {
            if (!replacingRows) {
                selectionChanged();
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (!replacingRows) {
                model.showDetail(now);
            }
        });
        table.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        table.setContextMenu(contextMenu());
        view.tablePlaceholder.textProperty().bind(Bindings.when(model.staleProperty().isNotEmpty()).then(model.staleProperty())
                .otherwise(Bindings.when(model.loadingProperty()).then("Reading…")
                .otherwise(Bindings.when(model.trashModeProperty()).then("The trash is empty.").otherwise("No dead letters match."))));
        view.staleNote.textProperty().bind(model.staleProperty());
        DeadLettersView.shownWhen(view.staleNote, model.staleProperty().isNotEmpty());
        view.staleNote.getStyleClass().add(Styles.STALE_NOTE);
        // rows read before Redis went away are dimmed as well as labelled, so nobody takes them for live ones
        model.staleProperty().addListener((o, was, now) -> table.pseudoClassStateChanged(
                PseudoClass.getPseudoClass(Styles.STALE), !now.isEmpty()));
    }

    private void bindPager() {
        view.firstPage.disableProperty().bind(model.canPreviousProperty().not());
        view.prevPage.disableProperty().bind(model.canPreviousProperty().not());
        view.nextPage.disableProperty().bind(model.canNextProperty().not());
        view.lastPage.disableProperty().bind(model.canLastProperty().not());
        view.pageJump.disableProperty().bind(model.trashModeProperty());
        view.pageLabel.textProperty().bind(model.pageLabelProperty());
        view.totalCount.textProperty().bind(model.totalLabelProperty());
        view.firstPage.setTooltip(new Tooltip("First page"));
        view.prevPage.setTooltip(new Tooltip("Previous page (Ctrl+Left in the table)"));
        view.nextPage.setTooltip(new Tooltip("Next page (Ctrl+Right in the table)"));
        view.lastPage.setTooltip(new Tooltip("Last page"));
    }

    /** The page number typed into "Go to page"; the field is selected again when it holds no number. */
    void jump() {
        try {
            model.goToPage(Integer.parseInt(view.pageJump.getText().trim().replace(",", "")));
            view.pageJump.clear();
        } catch (NumberFormatException e) {
            view.pageJump.selectAll();
        }
    }

    private void selectionChanged() {
        List<DeadLetter> selected = new ArrayList<>(table.getSelectionModel().getSelectedItems());
        selectedKeys.clear();
        selected.stream().filter(Objects::nonNull).forEach(d -> selectedKeys.add(key(d)));
        model.setSelection(selected);
    }

    /**
     * After new rows came in: the dead letters selected before are selected again where they still are, and the
     * first of them scrolled into view. The model keeps an edited message selected even when it has left the page.
     */
    private void selectKeptRows() {
        var selection = table.getSelectionModel();
        selection.clearSelection();
        List<DeadLetter> rows = table.getItems();
        for (int i = 0; i < rows.size(); i++) {
            if (selectedKeys.contains(key(rows.get(i)))) {
                selection.select(i);
            }
        }
        replacingRows = false;
        model.reselect(new ArrayList<>(selection.getSelectedItems()));
        selectedKeys.clear();
        model.selection().forEach(d -> selectedKeys.add(key(d)));
        reveal(selection.getSelectedIndex());
    }

    /** Scrolls the table to this row unless it is in view already (a refresh must not jump the list). */
    private void reveal(int index) {
        if (index < 0) {
            return;
        }
        if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            IndexedCell<?> first = flow.getFirstVisibleCell();
            IndexedCell<?> last = flow.getLastVisibleCell();
            if (first != null && last != null && index > first.getIndex() && index < last.getIndex()) {
                return;  // the first and last may be cut off at the edges: those count as out of view
            }
        }
        table.scrollTo(index);
    }

    private static String key(DeadLetter d) {
        return d.queue() + "\n" + d.id();
    }

    private void key(KeyEvent e) {
        if (e.isShortcutDown()) {
            if (e.getCode() == KeyCode.RIGHT && model.canNextProperty().get()) {
                model.nextPage();
                e.consume();
            } else if (e.getCode() == KeyCode.LEFT && model.canPreviousProperty().get()) {
                model.previousPage();
                e.consume();
            }
            return;
        }
        if (e.isAltDown() || e.isControlDown() || e.isMetaDown()) {
            return;
        }
        switch (e.getCode()) {
            case R -> {
                if (!view.replayButton.isDisabled()) view.replaySelected();
                e.consume();
            }
            case E -> {
                if (!view.editButton.isDisabled()) view.edit();
                e.consume();
            }
            case DELETE -> {
                if (!view.purgeButton.isDisabled()) view.purgeSelected();
                e.consume();
            }
            case F5 -> {
                view.refresh();
                e.consume();
            }
            default -> { }
        }
    }

    /** The table's menu; its items name their keys rather than registering accelerators, which would fire while typing in a filter. */
    private ContextMenu contextMenu() {
        MenuItem replay = item("Replay…   R", view::replaySelected, model.canActOnSelectionBinding().not());
        MenuItem edit = item("Edit…   E", view::edit, model.canEditBinding().not());
        MenuItem purge = item("Purge…   Delete", view::purgeSelected, model.canActOnSelectionBinding().not());
        MenuItem restore = item("Restore", view::restoreSelected, model.canRestoreBinding().not());
        MenuItem export = item("Export selected…", view::exportSelected,
                Bindings.isEmpty(model.selection()).or(model.canExportBinding().not()));
        MenuItem copy = item("Copy id", () -> {
            DeadLetter d = table.getSelectionModel().getSelectedItem();
            if (d != null) {
                ClipboardContent content = new ClipboardContent();
                content.putString(model.selection().stream().map(DeadLetter::id).collect(Collectors.joining("\n")));
                Clipboard.getSystemClipboard().setContent(content);
            }
        }, Bindings.isEmpty(model.selection()));
        ContextMenu menu = new ContextMenu(replay, edit, purge, restore, new SeparatorMenuItem(), export, copy);
        DisabledTooltips.writeItems(model.context(), menu, replay, edit, purge, restore);
        return menu;
    }

    private static MenuItem item(String text, Runnable action, ObservableBooleanValue disabled) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        item.disableProperty().bind(disabled);
        return item;
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s == null ? "" : s);
    }
}

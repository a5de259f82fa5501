package io.redrive.console.deadletters;

import io.redrive.engine.FailureGroup;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ListView;

/**
 * The failure groups beside the table: choosing one narrows the table to it, and the choice survives the list
 * being read again.
 */
final class FailureGroupList {
    private final ListView<FailureGroup> groupList;
    private final DeadLettersViewModel model;

    FailureGroupList(ListView<FailureGroup> groupList, DeadLettersViewModel model) {
        this.groupList = groupList;
        this.model = model;
    }

    void bind() {
        groupList.setItems(model.groups());
        groupList.setCellFactory(list -> new GroupCell());
        groupList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.selectGroup(now);
            }
        });
        // a refresh replaces the list's items: select the chosen group again rather than dropping the filter
        model.groups().addListener((ListChangeListener<FailureGroup>) c -> selectChosenGroup());
        model.selectedGroupProperty().addListener((o, was, now) -> selectChosenGroup());
    }

    private void selectChosenGroup() {
        FailureGroup chosen = model.selectedGroupProperty().get();
        if (chosen == null) {
            groupList.getSelectionModel().clearSelection();
            return;
        }
        for (FailureGroup g : groupList.getItems()) {
            if (g.queue().equals(chosen.queue()) && g.fingerprint().equals(chosen.fingerprint())) {
                if (groupList.getSelectionModel().getSelectedItem() != g) {
                    groupList.getSelectionModel().select(g);
                }
                return;
            }
        }
    }
}

/** @odoo-module */
/*
 * The time axis of web_timeline in the user's language: vis-timeline formats its labels with
 * its own English-only moment ("Jan", "Mon 5"); these formats, the same as vis-timeline's
 * defaults, are rendered by luxon, which the web client sets to the user's language.
 */
import {TimelineRenderer} from "@web_timeline/views/timeline/timeline_renderer.esm";
import {patch} from "@web/core/utils/patch";

const {DateTime} = luxon;

const MINOR_LABELS = {
    millisecond: "SSS",
    second: "s",
    minute: "HH:mm",
    hour: "HH:mm",
    weekday: "ccc d",
    day: "d",
    week: "W",
    month: "LLL",
    year: "yyyy",
};
const MAJOR_LABELS = {
    millisecond: "HH:mm:ss",
    second: "d MMMM HH:mm",
    minute: "ccc d MMMM",
    hour: "ccc d MMMM",
    weekday: "LLLL yyyy",
    day: "LLLL yyyy",
    week: "LLLL yyyy",
    month: "yyyy",
    year: "",
};

export function timelineLabel(formats) {
    return (date, scale) => {
        const format = formats[scale];
        if (!format) {
            return "";
        }
        const jsDate = date && date.toDate ? date.toDate() : new Date(date);
        return DateTime.fromJSDate(jsDate).toFormat(format);
    };
}

patch(TimelineRenderer.prototype, {
    init_timeline() {
        this.options.format = {
            minorLabels: timelineLabel(MINOR_LABELS),
            majorLabels: timelineLabel(MAJOR_LABELS),
        };
        return super.init_timeline(...arguments);
    },
});

/* SPDX-License-Identifier: MIT */
/* Unit tests for the pure NLU step (nlu_parse): intents, slots and
 * unresolved references, without a store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "nlu.h"
#include "store.h"

/* Tuesday 2026-03-10 09:00 */
static const struct date_now NOW = {2026, 3, 10, 2, 9, 0};

static struct nlu_result R;

static const struct nlu_action *parse(const char *msg)
{
	nlu_result_free(&R);
	nlu_parse(msg, &NOW, &R);
	return &R.act[0];
}

static void add_case(const char *msg, const char *title, const char *due, int prio, const char *tag)
{
	char name[200];
	const struct nlu_action *a = parse(msg);
	snprintf(name, sizeof name, "add: %s", msg);
	CHECK(name, a->intent == NLU_ADD && R.nact == 1);
	CHECK_STR(name, a->title, title);
	CHECK_STR(name, a->due, due ? due : "");
	CHECK(name, a->prio == prio);
	CHECK_STR(name, a->ntags ? a->tags[0] : NULL, tag);
}

static void ref_case(const char *msg, int intent, int kind, int64_t id, const char *words)
{
	char name[200];
	const struct nlu_action *a = parse(msg);
	snprintf(name, sizeof name, "ref: %s", msg);
	CHECK(name, a->intent == intent);
	CHECK(name, a->nrefs >= 1 && a->refs[0].kind == kind);
	if (kind == REF_ID)
		CHECK(name, a->refs[0].id == id);
	if (kind == REF_POS)
		CHECK(name, a->refs[0].pos == (int)id);
	if (words)
		CHECK_STR(name, a->nrefs ? a->refs[0].words : NULL, words);
}

int main(void)
{
	/* adds: the title keeps its own words, slots leave it */
	add_case("add a task to buy groceries", "Buy groceries", NULL, -1, NULL);
	add_case("remind me to call the bank tomorrow at 3pm", "Call the bank", "2026-03-11T15:00", -1, NULL);
	add_case("I need to buy a new phone charger", "Buy a new phone charger", NULL, -1, NULL);
	add_case("put milk on my list", "Milk", NULL, -1, NULL);
	add_case("add Read Monday's paper", "Read Monday's paper", NULL, -1, NULL);
	add_case("add book a table for 4 at Luigi's", "Book a table for 4 at Luigi's", NULL, -1, NULL);
	add_case("add an urgent task to fix the sink", "Fix the sink", NULL, PRIO_HIGH, NULL);
	add_case("add learn to juggle someday", "Learn to juggle", NULL, PRIO_LOW, NULL);
	add_case("add review PRs #Work p2", "Review PRs", NULL, PRIO_MEDIUM, "work");
	add_case("add 'Pay rent' high priority #home", "Pay rent", NULL, PRIO_HIGH, "home");
	add_case("add prepare the deck by friday, urgent #work", "Prepare the deck", "2026-03-13", PRIO_HIGH, "work");
	add_case("add start the diet next week", "Start the diet", "2026-03-16", -1, NULL);
	add_case("add pay the card by end of month", "Pay the card", "2026-03-31", -1, NULL);
	add_case("add dentist on 15 March", "Dentist", "2026-03-15", -1, NULL);
	add_case("add follow up in 2 weeks", "Follow up", "2026-03-24", -1, NULL);
	add_case("add yoga thursday at 17:30", "Yoga", "2026-03-12T17:30", -1, NULL);
	add_case("jot down: buy batteries please", "Buy batteries", NULL, -1, NULL);
	add_case("add “Quoted title”", "Quoted title", NULL, -1, NULL);
	const struct nlu_action *a = parse("add renew insurance with description compare three quotes");
	CHECK_STR("add description", a->desc, "compare three quotes");
	CHECK_STR("add description title", a->title, "Renew insurance");

	/* lists */
	a = parse("what's pending this week?");
	CHECK("list pending week", a->intent == NLU_LIST && a->status == STATUS_PENDING &&
					   strcmp(a->list_due, "week") == 0);
	a = parse("show completed #work tasks");
	CHECK("list completed tag", a->intent == NLU_LIST && a->status == STATUS_COMPLETED &&
					    strcmp(a->list_tag, "work") == 0);
	a = parse("list all tasks, including completed ones");
	CHECK("list all incl completed", a->intent == NLU_LIST && a->status == STATUS_ALL);
	a = parse("search my tasks for mom");
	CHECK_STR("list query", a->query, "mom");
	a = parse("show urgent tasks");
	CHECK("list priority", a->intent == NLU_LIST && a->prio == PRIO_HIGH);
	a = parse("what haven't I done yet?");
	CHECK("list negated done is pending", a->status == STATUS_PENDING);

	/* references */
	ref_case("mark task 3 as complete", NLU_COMPLETE, REF_ID, 3, NULL);
	ref_case("tick off #2", NLU_COMPLETE, REF_ID, 2, NULL);
	ref_case("check off number 7", NLU_COMPLETE, REF_ID, 7, NULL);
	ref_case("6 is done", NLU_COMPLETE, REF_ID, 6, NULL);
	ref_case("I finished the report", NLU_COMPLETE, REF_WORDS, 0, "the report");
	ref_case("delete the second one", NLU_DELETE, REF_POS, 2, NULL);
	ref_case("delete the 3rd one", NLU_DELETE, REF_POS, 3, NULL);
	ref_case("delete the last one", NLU_DELETE, REF_POS, -1, NULL);
	ref_case("make it high priority", NLU_UPDATE, REF_PRONOUN, 0, NULL);
	ref_case("mark 'Call mom' done", NLU_COMPLETE, REF_WORDS, 0, "Call mom");
	a = parse("done with 3 and 4");
	CHECK("two ids", a->nrefs == 2 && a->refs[0].id == 3 && a->refs[1].id == 4);
	a = parse("mark 1, 2 and 6 as done");
	CHECK("three ids", a->intent == NLU_COMPLETE && a->nrefs == 3 && a->refs[2].id == 6);

	/* updates */
	a = parse("move the report to friday");
	CHECK("move due", a->intent == NLU_UPDATE && (a->set & SET_DUE) && strcmp(a->due, "2026-03-13") == 0);
	a = parse("remove the due date from task 3");
	CHECK("clear due", a->intent == NLU_UPDATE && (a->set & SET_DUE) && !a->due[0] && a->refs[0].id == 3);
	a = parse("remove the priority from task 3");
	CHECK("clear priority", (a->set & SET_PRIO) && a->prio == PRIO_NONE);
	a = parse("rename task 2 to Call mom and dad");
	CHECK_STR("rename", a->title, "Call mom and dad");
	a = parse("change task 1 to 'Call mom tonight'");
	CHECK("quoted new title has no due", (a->set & SET_TITLE) && !(a->set & SET_DUE));
	a = parse("reopen task 5");
	CHECK("reopen", (a->set & SET_REOPEN) && a->refs[0].id == 5);
	a = parse("mark the electricity bill as not done");
	CHECK("mark not done", a->intent == NLU_UPDATE && (a->set & SET_REOPEN));
	a = parse("tag task 2 #family");
	CHECK("tag", (a->set & SET_TAGS_ADD) && a->ntags == 1 && strcmp(a->tags[0], "family") == 0);
	a = parse("set the description of task 6 to 'bring the card'");
	CHECK_STR("description", a->desc, "bring the card");
	a = parse("clear completed");
	CHECK("clear completed", a->intent == NLU_CLEAR_COMPLETED);

	/* several actions */
	parse("mark task 2 done and delete task 7");
	CHECK("two actions", R.nact == 2 && R.act[0].intent == NLU_COMPLETE && R.act[1].intent == NLU_DELETE);
	parse("add milk and eggs");
	CHECK("add keeps 'and'", R.nact == 1 && strcmp(R.act[0].title, "Milk and eggs") == 0);

	/* questions instead of guesses, help for the rest */
	CHECK("add nothing asks", parse("add a task")->intent == NLU_ASK);
	CHECK("rename without title asks", parse("rename task 2")->intent == NLU_ASK);
	CHECK("reschedule without date asks", parse("reschedule the meeting prep")->intent == NLU_ASK);
	CHECK("delete everything asks", parse("delete everything")->intent == NLU_ASK);
	CHECK("greeting is help", parse("hi")->intent == NLU_HELP);
	CHECK("weather is help", parse("what's the weather like tomorrow?")->intent == NLU_HELP);
	CHECK("empty is help", parse("")->intent == NLU_HELP);
	CHECK("NULL is help", parse(NULL)->intent == NLU_HELP);

	/* phrasings people type that the public corpus does not show */
	add_case("add pay the rent on the 15th", "Pay the rent", "2026-03-15", -1, NULL);
	add_case("remind me to send the invoice on the 1st", "Send the invoice", "2026-04-01", -1, NULL);
	add_case("add file the taxes, due date april 10", "File the taxes", "2026-04-10", -1, NULL);
	add_case("remind me tomorrow to call the bank", "Call the bank", "2026-03-11", -1, NULL);
	add_case("i need to finish my essay by thursday night", "Finish my essay", "2026-03-12", -1, NULL);
	add_case("add call the vet the day after tomorrow", "Call the vet", "2026-03-12", -1, NULL);
	add_case("add buy a new kettle, low prio", "Buy a new kettle", NULL, PRIO_LOW, NULL);
	add_case("gotta renew my license", "Renew my license", NULL, -1, NULL);
	a = parse("what's on for tomorrow?");
	CHECK("due-only question lists", a->intent == NLU_LIST && strcmp(a->list_due, "tomorrow") == 0);
	a = parse("show my work tasks");
	CHECK("bare tag word is a guess", a->intent == NLU_LIST && a->tag_guess &&
						  strcmp(a->list_tag, "work") == 0);
	a = parse("look up tasks about the report");
	CHECK_STR("query without its article", a->query, "report");
	ref_case("I called mom", NLU_COMPLETE, REF_WORDS, 0, "call mom");
	ref_case("bought the groceries", NLU_COMPLETE, REF_WORDS, 0, "buy the groceries");
	ref_case("task three is done", NLU_COMPLETE, REF_ID, 3, NULL);
	ref_case("mark all of them done", NLU_COMPLETE, REF_POS, 0, NULL);
	ref_case("done!", NLU_COMPLETE, REF_PRONOUN, 0, NULL);
	a = parse("done with the first two");
	CHECK("first two", a->nrefs == 2 && a->refs[0].pos == 1 && a->refs[1].pos == 2);
	a = parse("remove 1 2 and 3");
	CHECK("blank-separated ids", a->intent == NLU_DELETE && a->nrefs == 3 && a->refs[2].id == 3);
	a = parse("task 2 is urgent");
	CHECK("verbless priority", a->intent == NLU_UPDATE && a->prio == PRIO_HIGH && a->refs[0].id == 2);
	a = parse("no due date for task 3");
	CHECK("no due date", a->intent == NLU_UPDATE && (a->set & SET_DUE) && !a->due[0] && a->refs[0].id == 3);
	a = parse("push the groceries back a week");
	CHECK("shift", a->intent == NLU_UPDATE && (a->set & SET_SHIFT) && a->shift == 7);
	a = parse("remove the work tag from task 4");
	CHECK("named tag off", (a->set & SET_TAGS_DEL) && strcmp(a->tags[0], "work") == 0 && a->refs[0].id == 4);
	a = parse("change the kids task priority to low");
	CHECK_STR("attribute word leaves the reference", a->nrefs ? a->refs[0].words : NULL, "the kids task");
	parse("add buy stamps and delete task 7");
	CHECK("add then delete by id", R.nact == 2 && R.act[1].intent == NLU_DELETE);
	struct nlu_ref ans;
	CHECK("answer: the second", nlu_parse_answer("the second", &ans) && ans.kind == REF_POS && ans.pos == 2);
	CHECK("answer: 2", nlu_parse_answer("2", &ans) && ans.kind == REF_ID && ans.id == 2);
	CHECK("answer: words", nlu_parse_answer("I mean the expense one", &ans) && ans.kind == REF_WORDS);
	free(ans.words);
	CHECK("answer: empty", !nlu_parse_answer("", &ans));

	/* hostile input: no crash, some answer */
	char big[70000];
	memset(big, '#', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK("70k of #", parse(big)->intent >= 0);
	memset(big, 'a', sizeof big - 1);
	memcpy(big, "add ", 4);
	CHECK("huge add", parse(big)->intent == NLU_ADD);
	CHECK("invalid utf-8", parse("\xff\xfe\xc3 mark \xe2\x82 done")->intent >= 0);
	CHECK("format string", parse("%s%n%x add %n")->intent >= 0);
	nlu_result_free(&R);
	return T_DONE();
}

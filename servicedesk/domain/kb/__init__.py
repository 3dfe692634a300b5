"""The knowledge base (kunskapsbank): articles employees and staff read, written by the
agents of a service's queue and by admins.

- `articles`: create, edit (each save of the text is a version), publish, archive;
- `reading`: what a reader sees (lists, one article) and what they did (views, feedback,
  deflections while filing);
- `tickets`: suggestions on a ticket, links to tickets, a draft from a ticket's solution;
- `files`: an article's files and images;
- `search`: the article index and `search_articles`, ranked, with the one Swedish stemmer
  (domain/search/words.py);
- `report`: views, helpfulness and deflections per article and service;
- `review`: reminding owners when an article's review date passes.

Who reads and writes is one rule in `domain/permissions.py` (`article_visibility`).
"""
